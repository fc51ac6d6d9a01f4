using System.Windows.Forms;

namespace SyncTool
{
    internal sealed class MainForm : Form
    {
        public MainForm()
        {
            Text = "Sync";
        }
    }
}
