using System.Net;

namespace Shared
{
    public static class Net
    {
        public static void Configure()
        {
        }
    }
}
