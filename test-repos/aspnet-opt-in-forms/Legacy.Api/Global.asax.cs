using System;
using System.Web;

namespace Legacy.Api
{
    public class Global : HttpApplication
    {
        protected void Application_Start(object sender, EventArgs e)
        {
        }
    }
}
