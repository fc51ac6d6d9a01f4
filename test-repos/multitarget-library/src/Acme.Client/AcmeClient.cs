using System;
using System.Net;
using System.Net.Http;

namespace Acme.Client
{
    public sealed class AcmeClient : IDisposable
    {
        private readonly HttpClient _http;

        public AcmeClient(Uri baseAddress)
        {
#if NET45 || NET462
            // Older frameworks: make sure TLS 1.2 is offered.
            ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls12;
#endif
            _http = new HttpClient { BaseAddress = baseAddress };
        }

        public void Dispose() => _http.Dispose();
    }
}
