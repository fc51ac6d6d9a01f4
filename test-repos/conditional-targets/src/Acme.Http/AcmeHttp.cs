using System.Net.Http;

namespace Acme.Http
{
    public static class AcmeHttp
    {
        public static HttpClient Create() => new HttpClient();
    }
}
