using System;
using System.Web.UI;

namespace Backoffice
{
    public partial class Default : Page
    {
        protected void Page_Load(object sender, EventArgs e)
        {
            Title = "Back office";
        }
    }
}
