using System.Windows;

namespace Kiosk
{
    public partial class App : Application
    {
    }
}
