using System.Net;
using NUnit.Framework;

namespace Runner
{
    [TestFixture]
    public class LegacyServerChecks
    {
        [Test]
        public void OldApplianceStillAnswersOnTls10()
        {
            ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls;
            Assert.Pass();
        }
    }
}
