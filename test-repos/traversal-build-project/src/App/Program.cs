using System.Net;

static class Program
{
    static void Main()
    {
        new WebClient().DownloadString("https://example.com/");
    }
}
