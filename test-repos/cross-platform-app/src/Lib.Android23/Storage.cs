namespace Lib.Android23
{
    public static class Storage
    {
        public static string Folder => "/sdcard";
    }
}
