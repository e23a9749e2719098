namespace ChatApp.Providers;

/// <summary>The instruction multi-model routing asks its classifier with (the simulated model recognises it and answers a label).</summary>
public static class ClassifierPrompt
{
    public const string Instruction = "Classify the user's request. Answer with exactly one of these labels and nothing else:";
}
