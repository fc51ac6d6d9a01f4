using System.ServiceProcess;

namespace QueueWorker
{
    internal static class Program
    {
        private static void Main()
        {
            ServiceBase.Run(new WorkerService());
        }
    }
}
