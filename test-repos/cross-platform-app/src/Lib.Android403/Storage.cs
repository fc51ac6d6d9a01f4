namespace Lib.Android403
{
    public static class Storage
    {
        public static string Folder => "/sdcard";
    }
}
