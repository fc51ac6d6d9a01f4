using System;
using System.Web;

namespace Billing.Web
{
    public class Global : HttpApplication
    {
        protected void Application_Start(object sender, EventArgs e)
        {
        }
    }
}
