using NUnitLite;

namespace Runner
{
    public static class Program
    {
        public static int Main(string[] args) => new AutoRun().Execute(args);
    }
}
