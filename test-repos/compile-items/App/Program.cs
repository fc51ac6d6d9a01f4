namespace App
{
    static class Program
    {
        static void Main() { Shared.Net.Configure(); }
    }
}
