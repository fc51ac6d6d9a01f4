using System.ServiceProcess;

namespace QueueWorker
{
    internal sealed class WorkerService : ServiceBase
    {
        protected override void OnStart(string[] args)
        {
        }
    }
}
