using System;
using System.Web.UI;

namespace Portal
{
    public partial class Default : Page
    {
        protected void Page_Load(object sender, EventArgs e)
        {
        }
    }
}
