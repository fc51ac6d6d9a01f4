using System.Configuration;
using System.Net;

namespace Billing
{
    public static class InvoiceClient
    {
        public static string Fetch(string id)
        {
            using (var client = new WebClient())
            {
                return client.DownloadString(ConfigurationManager.AppSettings["InvoiceEndpoint"] + "/" + id);
            }
        }
    }
}
