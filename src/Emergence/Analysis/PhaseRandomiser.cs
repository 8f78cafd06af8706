using System.Numerics;
using MathNet.Numerics.IntegralTransforms;

namespace Emergence.Analysis;

/// <summary>
/// Phase-randomised surrogates of one series x_0..x_(n−1). The spectrum X_k = Σ_t x_t e^(−2πikt/n) is
/// computed once (MathNet FFT), X_k = |X_k| e^(iθ_k); a surrogate keeps every amplitude and adds a random
/// phase φ_k uniform on [0, 2π) for 0 &lt; k &lt; n/2:
/// x'_t = (1/n) [X_0 + 2 Σ_(0&lt;k&lt;n/2) |X_k| cos(2πkt/n + θ_k + φ_k) + X_(n/2) (−1)^t], the last term for even n only.
/// For one series adding φ_k is the same in distribution as replacing θ_k; adding the same φ_k to several
/// series keeps their cross-spectra (the multivariate surrogate).
/// This equals the inverse FFT of X_k e^(iφ_k) with conjugate symmetry, evaluated with cached
/// cosine and sine tables (cos(a + φ) = cos a cos φ − sin a sin φ), which is faster than an FFT for the
/// short, odd lengths of checkpoint series.
/// </summary>
internal sealed class PhaseRandomiser
{
    private readonly int _n;
    private readonly double _dc, _nyquist;
    private readonly double[] _amplitude;   // 2|X_k|/n for k = 1..K
    private readonly double[] _phase;       // θ_k
    private readonly double[] _cos, _sin; // [(k−1) n + t]

    public PhaseRandomiser(double[] x)
    {
        _n = x.Length;
        if (_n < 3)
        {
            _amplitude = [];
            _phase = [];
            _cos = _sin = [];
            _dc = 0;
            _nyquist = 0;
            _original = (double[])x.Clone();
            return;
        }
        var spectrum = x.Select(v => new Complex(v, 0)).ToArray();
        Fourier.Forward(spectrum, FourierOptions.Matlab);
        int k = (_n - 1) / 2;  // frequencies strictly between 0 and n/2
        _dc = spectrum[0].Real / _n;
        _nyquist = _n % 2 == 0 ? spectrum[_n / 2].Real / _n : 0;
        _amplitude = [.. Enumerable.Range(1, k).Select(j => 2 * spectrum[j].Magnitude / _n)];
        _phase = [.. Enumerable.Range(1, k).Select(j => spectrum[j].Phase)];
        _cos = new double[k * _n];
        _sin = new double[k * _n];
        for (int j = 0; j < k; j++)
            for (int t = 0; t < _n; t++)
            {
                double a = 2 * Math.PI * (j + 1) * t / _n;
                _cos[j * _n + t] = Math.Cos(a);
                _sin[j * _n + t] = Math.Sin(a);
            }
        _original = null;
    }

    private readonly double[]? _original;

    public double[] Next(Random random)
    {
        if (_original is not null) return (double[])_original.Clone();
        var y = new double[_n];
        for (int t = 0; t < _n; t++) y[t] = _dc + ((t & 1) == 0 ? _nyquist : -_nyquist);
        for (int j = 0; j < _amplitude.Length; j++)
        {
            double phase = _phase[j] + 2 * Math.PI * random.NextDouble();
            double c = _amplitude[j] * Math.Cos(phase), s = _amplitude[j] * Math.Sin(phase);
            var cos = _cos.AsSpan(j * _n, _n);
            var sin = _sin.AsSpan(j * _n, _n);
            for (int t = 0; t < y.Length; t++) y[t] += c * cos[t] - s * sin[t];
        }
        return y;
    }
}
