namespace Lib.Silverlight
{
    public class Client
    {
    }
}
