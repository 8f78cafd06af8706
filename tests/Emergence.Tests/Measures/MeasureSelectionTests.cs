using Emergence.Measures;

namespace Emergence.Tests.Measures;

public class MeasureSelectionTests
{
    [Theory]
    [InlineData("rankme,fisher,llc,hessian,gradcov", "hessian=5,llc=5", "rankme,fisher,llc(every 5),hessian(every 5),gradcov")]
    [InlineData("rankme,probe", "", "rankme,probe")]
    [InlineData("none", "", "")]
    public void A_stored_description_reads_back_as_the_selection_it_describes(string measures, string every, string description)
    {
        var selection = MeasureSelection.Parse(measures, every);
        Assert.Equal(description, selection.ToString());
        var read = MeasureSelection.FromDescription(description);
        Assert.Equal(selection.Measures.Order(), read.Measures.Order());
        Assert.Equal(selection.Every.OrderBy(p => p.Key), read.Every.OrderBy(p => p.Key));
    }

    [Fact]
    public void A_bad_description_is_refused_naming_the_item() =>
        Assert.Contains("'llc(every 5'", Assert.Throws<ArgumentException>(() => MeasureSelection.FromDescription("rankme,llc(every 5")).Message);
}
