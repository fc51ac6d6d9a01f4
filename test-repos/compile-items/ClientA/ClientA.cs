namespace ClientA
{
    static class Entry
    {
        static void Main() { SharedCode.Legacy.Configure(); }
    }
}
