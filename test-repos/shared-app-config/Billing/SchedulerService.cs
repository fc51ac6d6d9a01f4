using System.ServiceProcess;
using System.Timers;

namespace Billing
{
    public class SchedulerService : ServiceBase
    {
        private readonly Timer _timer = new Timer(60000);

        protected override void OnStart(string[] args)
        {
            _timer.Elapsed += (sender, e) => InvoiceClient.Fetch("due");
            _timer.Start();
        }

        protected override void OnStop() => _timer.Stop();

        public static void Main() => Run(new SchedulerService());
    }
}
