using System.Net;
using System.Web;
using System.Web.Mvc;
using System.Web.Routing;

namespace Shop.Web
{
    public class MvcApplication : HttpApplication
    {
        protected void Application_Start()
        {
            // Added in 2017 "for TLS 1.2"; on 4.8 this pins the version instead.
            ServicePointManager.SecurityProtocol = SecurityProtocolType.SystemDefault;
            AreaRegistration.RegisterAllAreas();
        }
    }
}
