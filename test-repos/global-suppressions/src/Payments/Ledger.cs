using System.Net;

namespace Contoso.Billing;

public class Ledger
{
    public void Post() => ServicePointManager.SecurityProtocol |= SecurityProtocolType.Tls11;
}

public class Journal
{
    public void Post() => ServicePointManager.SecurityProtocol |= SecurityProtocolType.Tls;

    public void Void() => ServicePointManager.SecurityProtocol |= SecurityProtocolType.Tls;
}
