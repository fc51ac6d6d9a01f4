using System.Net;
using Foundation;
using UIKit;

namespace App.iOS
{
    [Register("AppDelegate")]
    public class AppDelegate : UIApplicationDelegate
    {
        public override bool FinishedLaunching(UIApplication app, NSDictionary options)
        {
            ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls12;
            return true;
        }
    }
}
