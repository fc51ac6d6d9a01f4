namespace App.WinPhone81
{
    public sealed partial class MainPage
    {
    }
}
