namespace Reports.Service
{
    public sealed class Worker
    {
        public string Name => "reports";
    }
}
