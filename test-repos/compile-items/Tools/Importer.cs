namespace Tools
{
    static class Importer
    {
        static void Main() { }
    }
}
