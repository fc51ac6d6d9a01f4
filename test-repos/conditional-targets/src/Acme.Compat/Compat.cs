namespace Acme.Compat
{
    public static class Compat
    {
        public static bool Enabled => true;
    }
}
