namespace Outer
{
    static class Program
    {
        static void Main() { }
    }
}
