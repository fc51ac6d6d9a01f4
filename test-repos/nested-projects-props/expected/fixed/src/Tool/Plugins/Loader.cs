using System.Net;

namespace Tool.Plugins
{
    public static class Loader
    {
        public static void Load()
        {
            // An opt-in in a library: it may run too late, and it does not count for Tool.
        }
    }
}
