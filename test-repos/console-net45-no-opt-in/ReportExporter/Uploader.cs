using System;
using System.Net;

namespace ReportExporter
{
    internal sealed class Uploader
    {
        private readonly Uri _target;

        public Uploader(Uri target)
        {
            _target = target;
        }

        public void Upload(string path)
        {
            using (var client = new WebClient())
            {
                client.UploadFile(_target, path);
            }
        }
    }
}
