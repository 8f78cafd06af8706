namespace Emergence.Measures.Library;

/// <summary>
/// Fisher and gradient-covariance spectra of one batch's per-example gradients G (N x P, row n the
/// gradient of example n's loss), as <see cref="GradientSpectra"/> defines them, from the Gram
/// matrix G G^T (N x N, so P never needs an eigen-solver):
/// <code>
///   Fisher F = G^T G / N:                     non-zero eigenvalues = eig(G G^T) / N
///   covariance Sigma = G_c^T G_c / (N - 1):   non-zero eigenvalues = eig(H G G^T H) / (N - 1),  H = I - 11^T/N
///   erank = effective rank (Spectra.EffectiveRank), invariant to the 1/N and 1/(N - 1) factors
/// </code>
/// F and Sigma are P x P; their other P - N eigenvalues are 0 and are not listed.
/// </summary>
/// <param name="Examples">N, the examples in the batch.</param>
/// <param name="Parameters">P, the parameters differentiated.</param>
/// <param name="FisherEigenvalues">The N largest eigenvalues of the empirical Fisher F, descending.</param>
/// <param name="CovarianceEigenvalues">The N largest eigenvalues of the gradient covariance Sigma, descending (the last is 0 up to round-off).</param>
/// <param name="FisherErank">Effective rank of all of <paramref name="FisherEigenvalues"/> (fisher_erank).</param>
/// <param name="FisherErankTop">Effective rank of the <paramref name="Top"/> largest Fisher eigenvalues (fisher_erank_top20 for Top = 20).</param>
/// <param name="Top">How many leading Fisher eigenvalues <paramref name="FisherErankTop"/> uses.</param>
/// <param name="GradcovErank">Effective rank of <paramref name="CovarianceEigenvalues"/> (gradcov_erank).</param>
public sealed record GradientSpectraResult(int Examples, long Parameters, double[] FisherEigenvalues, double[] CovarianceEigenvalues,
    double FisherErank, double FisherErankTop, int Top, double GradcovErank);
