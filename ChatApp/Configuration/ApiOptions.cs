namespace ChatApp.Configuration;

/// <summary><c>Chat:Api</c>: who may call the HTTP endpoints (<c>/v1/chat/completions</c>, <c>/api/chat</c>).</summary>
public sealed class ApiOptions
{
    /// <summary>
    /// Bearer keys (<c>Chat:Api:Keys:N</c>). When any is set, every call needs <c>Authorization: Bearer &lt;key&gt;</c>;
    /// when none is, only clients on this machine (loopback) are served.
    /// </summary>
    public List<string> Keys { get; set; } = [];
}
