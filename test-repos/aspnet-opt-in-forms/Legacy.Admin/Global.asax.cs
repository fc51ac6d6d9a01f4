using System;
using System.Web;

namespace Legacy.Admin
{
    public class Global : HttpApplication
    {
        protected void Application_Start(object sender, EventArgs e)
        {
        }
    }
}
