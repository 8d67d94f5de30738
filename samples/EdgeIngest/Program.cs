namespace EdgeIngest;

/// <summary>Entry point; the EdgeIngest issue fills this in.</summary>
public static class Program
{
    /// <summary>Runs the sample.</summary>
    public static int Main(string[] args)
    {
        System.Console.WriteLine("EdgeIngest: not built yet");
        return 0;
    }
}
