namespace Tools
{
    static class Exporter
    {
        static void Main() { }
    }
}
