namespace EdgeIngest.LoadGen;

internal static class Program
{
    private static int Main(string[] args)
    {
        System.Console.WriteLine("EdgeIngest.LoadGen: not built yet");
        return 0;
    }
}
