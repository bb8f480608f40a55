using System;
using System.Threading;
using DoubleFetchAnalyzers.Cli.Analysis;
using DoubleFetchAnalyzers.Cli.CommandLine;

namespace DoubleFetchAnalyzers.Cli
{
    /// <summary>
    /// The entry point of <c>doublefetch</c>. Every failure ends here as one line on stderr and exit code 2: the
    /// user's mistakes (<see cref="UsageException"/>) with their message, anything else with its type and message,
    /// never with a stack trace.
    /// </summary>
    internal static class Program
    {
        public static int Main(string[] args)
        {
            using var cancellation = new CancellationTokenSource();
            Console.CancelKeyPress += (_, eventArgs) =>
            {
                eventArgs.Cancel = true;
                cancellation.Cancel();
            };

            try
            {
                var options = CommandLineParser.Parse(args, Product.RuleIds);
                switch (options.Command)
                {
                    case CliCommand.Help:
                        Console.Out.WriteLine(CommandLineParser.Usage);
                        return ExitCodes.Success;
                    case CliCommand.Version:
                        Console.Out.WriteLine($"{ToolInfo.Name} {ToolInfo.Version}");
                        return ExitCodes.Success;
                    default:
                        return AnalyzeCommand.RunAsync(options, cancellation.Token).GetAwaiter().GetResult();
                }
            }
            catch (UsageException exception)
            {
                return Fail(exception.Message);
            }
            catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
            {
                return Fail("cancelled");
            }
            catch (Exception exception)
            {
                return Fail($"{exception.GetType().Name}: {exception.Message}");
            }
        }

        private static int Fail(string message)
        {
            var oneLine = string.Join(" ", message.Split(new[] { '\r', '\n' }, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            Console.Error.WriteLine("error: " + oneLine);
            return ExitCodes.UsageOrInputError;
        }
    }
}
