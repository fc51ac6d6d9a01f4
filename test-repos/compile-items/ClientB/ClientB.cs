namespace ClientB
{
    static class Entry
    {
        static void Main() { SharedCode.Legacy.Configure(); }
    }
}
