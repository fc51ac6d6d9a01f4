using Android.App;
using Android.OS;

namespace App.Droid
{
    [Activity(Label = "App", MainLauncher = true)]
    public class MainActivity : Activity
    {
        protected override void OnCreate(Bundle bundle)
        {
            base.OnCreate(bundle);
        }
    }
}
