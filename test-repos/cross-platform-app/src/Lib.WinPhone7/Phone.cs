namespace Lib.WinPhone7
{
    public class Phone
    {
    }
}
