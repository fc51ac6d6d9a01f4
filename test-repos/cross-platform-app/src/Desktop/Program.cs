namespace Desktop
{
    static class Program
    {
        static void Main() { }
    }
}
