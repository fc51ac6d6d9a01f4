using System.ServiceModel;

namespace Billing.Web
{
    [ServiceContract]
    public interface IInvoiceService
    {
        [OperationContract]
        decimal Total(string invoice);
    }

    public sealed class InvoiceService : IInvoiceService
    {
        public decimal Total(string invoice) => 0m;
    }
}
