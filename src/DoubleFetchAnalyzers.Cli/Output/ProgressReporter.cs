using System;
using System.Diagnostics;
using System.IO;
using System.Threading;

namespace DoubleFetchAnalyzers.Cli.Output
{
    /// <summary>
    /// Progress on stderr, only for runs that take more than a second: nothing before the first second has passed;
    /// then, on a terminal, one status line that each update overwrites (with \r) and that is cleared at the end; when
    /// stderr is redirected, plain lines, at most one a second. A status held back by those limits is shown by a timer,
    /// so a long step without updates still shows where the run is.
    /// </summary>
    internal sealed class ProgressReporter : IDisposable
    {
        private static readonly TimeSpan Delay = TimeSpan.FromSeconds(1);
        private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);
        private static readonly TimeSpan TerminalInterval = TimeSpan.FromMilliseconds(100);

        private readonly TextWriter _writer;
        private readonly bool _interactive;
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly object _gate = new();
        private readonly Timer _timer;
        private TimeSpan? _lastWrite;
        private int _shownLength;
        private string? _pending;
        private bool _completed;

        public ProgressReporter(TextWriter writer, bool interactive)
        {
            _writer = writer;
            _interactive = interactive;
            _timer = new Timer(_ => Tick(), null, TimeSpan.FromMilliseconds(250), TimeSpan.FromMilliseconds(250));
        }

        public static ProgressReporter ForStandardError() => new(Console.Error, !Console.IsErrorRedirected);

        /// <summary>Sets the status; it shows at once or as soon as the limits allow.</summary>
        public void Report(string status)
        {
            lock (_gate)
            {
                _pending = status;
                TryWrite();
            }
        }

        public void ReportFiles(int analyzed, int total) => Report($"analyzed {analyzed} of {total} files");

        /// <summary>Writes a message line (a warning, say) to the same stream, clearing the status line first on a terminal.</summary>
        public void WriteLine(string line)
        {
            lock (_gate)
            {
                if (_interactive && _shownLength > 0)
                {
                    _writer.Write("\r" + new string(' ', _shownLength) + "\r");
                    _shownLength = 0;
                    _lastWrite = null;
                }

                _writer.WriteLine(line);
                _writer.Flush();
            }
        }

        /// <summary>Ends the display: on a terminal, clears the status line; otherwise writes the last status if lines were written and it was held back.</summary>
        public void Complete()
        {
            lock (_gate)
            {
                if (_completed)
                {
                    return;
                }

                _completed = true;
                if (_interactive && _shownLength > 0)
                {
                    _writer.Write("\r" + new string(' ', _shownLength) + "\r");
                    _writer.Flush();
                    _shownLength = 0;
                }
                else if (!_interactive && _lastWrite is not null && _pending is not null)
                {
                    _writer.WriteLine(_pending);
                    _writer.Flush();
                }

                _pending = null;
            }
        }

        public void Dispose()
        {
            _timer.Dispose();
            Complete();
        }

        private void Tick()
        {
            lock (_gate)
            {
                TryWrite();
            }
        }

        private void TryWrite()
        {
            if (_completed || _pending is null)
            {
                return;
            }

            var now = _clock.Elapsed;
            var interval = _interactive ? TerminalInterval : Interval;
            if (now < Delay || (_lastWrite is { } last && now - last < interval))
            {
                return;
            }

            if (_interactive)
            {
                var padding = Math.Max(0, _shownLength - _pending.Length);
                _writer.Write("\r" + _pending + new string(' ', padding));
                _shownLength = _pending.Length;
            }
            else
            {
                _writer.WriteLine(_pending);
            }

            _writer.Flush();
            _lastWrite = now;
            _pending = null;
        }
    }
}
