namespace App.UWP
{
    sealed partial class App
    {
        public App() { }
    }
}
