using System;
using System.Configuration;

namespace ReportExporter
{
    internal static class Program
    {
        private static void Main(string[] args)
        {
            var uploader = new Uploader(new Uri(ConfigurationManager.AppSettings["UploadUrl"]));
            uploader.Upload(args.Length > 0 ? args[0] : "report.csv");
        }
    }
}
