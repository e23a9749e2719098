using ChatApp.Conversations;
using Microsoft.AspNetCore.Components.Server.Circuits;

namespace ChatApp.Circuits;

/// <summary>
/// Tells the circuit's <see cref="ChatSession"/> when the browser connection goes down and comes back.
/// Blazor keeps a disconnected circuit for minutes; without this an answer would stream to nobody all that time.
/// </summary>
public sealed class ChatCircuitHandler(ChatSession session) : CircuitHandler
{
    public override Task OnConnectionDownAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        session.OnConnectionDown();
        return Task.CompletedTask;
    }

    public override Task OnConnectionUpAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        session.OnConnectionUp();
        return Task.CompletedTask;
    }

    public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        session.OnConnectionDown();
        return Task.CompletedTask;
    }
}
