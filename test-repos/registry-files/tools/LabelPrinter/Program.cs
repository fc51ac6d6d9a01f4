namespace LabelPrinter
{
    internal static class Program
    {
        private static void Main()
        {
        }
    }
}
