using System.Net;

class C
{
    void M() { /* café */ ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls12; }
}
