namespace ChatApp.Conversations;

public enum ChatRole
{
    User,
    Assistant,
}
