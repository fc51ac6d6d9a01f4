using System.Net;

class C
{
    void M() { /* 🔒 locked */ ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls12; }
}
