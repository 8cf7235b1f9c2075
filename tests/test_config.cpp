// Config: the reference configs load, the resolved TOML round-trips, --set overrides work,
// and every kind of bad input is a ConfigError naming file:line:column and the key path.
#include <gtest/gtest.h>

#include <string>

#include "host/config/config.hpp"
#include "host/config/config_error.hpp"
#include "run_helpers.hpp"

namespace {

using orb::Config;
using orb::ConfigError;

const std::string kMinimal = R"(
[[class]]
name = "sat"
gpus = 8
gpus_required = 6

[[shell]]
name = "a"
altitude_km = 550
inclination_deg = 53
satellites = 10
class = "sat"
)";

// The message of the ConfigError that parsing `text` throws.
std::string error_of(const std::string& text, const std::vector<std::string>& overrides = {}) {
  try {
    orb::parse_config(text, "cfg.toml", overrides);
  } catch (const ConfigError& e) {
    return e.what();
  }
  ADD_FAILURE() << "expected a ConfigError";
  return "";
}

std::string with(const std::string& extra) { return kMinimal + extra; }

TEST(Config, ReferenceConfigsLoadAndRoundTrip) {
  for (const char* name : {"factory-1k", "suncatcher-81"}) {
    const Config c = orb::load_config(orbtest::source_path(std::string("configs/reference/") + name + ".toml"));
    const Config again = orb::parse_config(orb::to_toml(c), "resolved");
    EXPECT_TRUE(c == again) << name;
    EXPECT_EQ(orb::to_toml(c), orb::to_toml(again));
  }
}

TEST(Config, FactoryMatchesTheBenchmarkScenario) {
  const Config c = orb::load_config(orbtest::source_path("configs/reference/factory-1k.toml"));
  ASSERT_EQ(c.shells.size(), 3u);
  EXPECT_EQ(c.total_satellites(), 1000);
  EXPECT_EQ(c.shells[0].satellites, 600);
  EXPECT_DOUBLE_EQ(c.shells[1].inclination_deg, 97.6);
  EXPECT_EQ(c.classes[0].gpus, 64);
  EXPECT_EQ(c.classes[0].gpus_required, 56);
  EXPECT_EQ(c.n_bins(), 60);
  EXPECT_EQ(c.capacity_total(), 56000);
}

TEST(Config, DefaultsFollowTheModel) {
  const Config c = orb::parse_config(kMinimal, "cfg.toml");
  EXPECT_DOUBLE_EQ(c.mission.years, 5.0);
  EXPECT_DOUBLE_EQ(c.classes[0].bus.shape, 0.4521);
  EXPECT_DOUBLE_EQ(c.classes[0].bus.scale_years, 2607.0);
  EXPECT_DOUBLE_EQ(c.classes[0].gpu.acceleration, 1.7);
  EXPECT_EQ(c.output.capacity_thresholds, (std::vector<double>{0.9, 0.75, 0.5}));
  EXPECT_FALSE(c.classes[0].optical_terminals.enabled);
}

TEST(Config, OverridesSetExistingAndNewKeys) {
  const Config c = orb::parse_config(kMinimal, "cfg.toml",
                                     {"shell[0].satellites=25", "class[0].gpu.acceleration=2.5",
                                      "mission.years=3", "output.capacity_thresholds=[0.8]",
                                      "shell[0].name=renamed"});
  EXPECT_EQ(c.shells[0].satellites, 25);
  EXPECT_DOUBLE_EQ(c.classes[0].gpu.acceleration, 2.5);
  EXPECT_DOUBLE_EQ(c.mission.years, 3.0);
  EXPECT_EQ(c.output.capacity_thresholds, std::vector<double>{0.8});
  EXPECT_EQ(c.shells[0].name, "renamed");
}

TEST(Config, OverrideErrorsNameTheFlag) {
  EXPECT_NE(error_of(kMinimal, {"shell[0].satelites=3"}).find("did you mean 'satellites'"), std::string::npos);
  const std::string bad_value = error_of(kMinimal, {"shell[0].satellites=-3"});
  EXPECT_NE(bad_value.find("--set shell[0].satellites=-3"), std::string::npos) << bad_value;
  EXPECT_NE(bad_value.find("shell[0].satellites"), std::string::npos);
  EXPECT_NE(error_of(kMinimal, {"shell[4].satellites=3"}).find("out of range"), std::string::npos);
  EXPECT_NE(error_of(kMinimal, {"no_equals_sign"}).find("expected path.to.key=value"), std::string::npos);
  EXPECT_NE(error_of(kMinimal, {"shell[0].name.x=1"}).find("not a table"), std::string::npos);
}

struct BadCase {
  const char* label;
  std::string text;
  const char* key;       // key path the message must name
  const char* position;  // "cfg.toml:LINE:" the message must contain
  const char* says;      // a phrase the message must contain
};

void PrintTo(const BadCase& c, std::ostream* os) { *os << c.label; }

class BadConfig : public ::testing::TestWithParam<BadCase> {};

TEST_P(BadConfig, IsAClearError) {
  const BadCase& c = GetParam();
  const std::string msg = error_of(c.text);
  EXPECT_NE(msg.find(c.key), std::string::npos) << msg;
  EXPECT_NE(msg.find(c.position), std::string::npos) << msg;
  EXPECT_NE(msg.find(c.says), std::string::npos) << msg;
}

// kMinimal ends at line 12, so text appended by with() starts at line 13.
INSTANTIATE_TEST_SUITE_P(
    Cases, BadConfig,
    ::testing::Values(
        BadCase{"unknown_key", with("\n[mission]\nyeras = 4\n"), "mission.yeras", "cfg.toml:15:",
                "did you mean 'years'"},
        BadCase{"unknown_top_level", with("\n[debirs]\nx = 1\n"), "debirs", "cfg.toml:14:", "unknown key"},
        BadCase{"wrong_type", with("\n[mission]\nyears = \"five\"\n"), "mission.years", "cfg.toml:15:",
                "must be a number, got a string"},
        BadCase{"negative_scale", with("[class.gpu]\nscale_years = -2\n"), "class[0].gpu.scale_years",
                "cfg.toml:14:", "must be in (0, 1e+07]"},
        BadCase{"k_greater_than_g", [] {
                  std::string t = kMinimal;
                  t.replace(t.find("gpus_required = 6"), 17, "gpus_required = 9");
                  return t;
                }(),
                "class[0].gpus_required", "cfg.toml:5:", "must be an integer in [1, 8], got 9"},
        BadCase{"integer_expected", with("\n[[shell]]\nname = \"b\"\naltitude_km = 600\ninclination_deg = 1\n"
                                         "satellites = 2.5\nclass = \"sat\"\n"),
                "shell[1].satellites", "cfg.toml:18:", "must be an integer, got a float"},
        BadCase{"missing_required", with("\n[[shell]]\nname = \"b\"\naltitude_km = 600\nsatellites = 3\n"
                                         "class = \"sat\"\n"),
                "shell[1].inclination_deg", "cfg.toml:14:", "missing required key"},
        BadCase{"altitude_out_of_range", with("\n[[shell]]\nname = \"b\"\naltitude_km = 2500\n"
                                              "inclination_deg = 1\nsatellites = 3\nclass = \"sat\"\n"),
                "shell[1].altitude_km", "cfg.toml:16:", "must be in [200, 2000]"},
        BadCase{"unknown_class", with("\n[[shell]]\nname = \"b\"\naltitude_km = 600\ninclination_deg = 1\n"
                                      "satellites = 3\nclass = \"sta\"\n"),
                "shell[1].class", "cfg.toml:19:", "did you mean 'sat'"},
        BadCase{"duplicate_shell", with("\n[[shell]]\nname = \"a\"\naltitude_km = 600\ninclination_deg = 1\n"
                                        "satellites = 3\nclass = \"sat\"\n"),
                "shell", "cfg.toml:", "used twice"},
        BadCase{"malformed", with("\n[mission\nyears = 3\n"), "malformed TOML", "cfg.toml:14:", "malformed"},
        BadCase{"threshold_range", with("\n[output]\ncapacity_thresholds = [0.9, 1.5]\n"),
                "output.capacity_thresholds", "cfg.toml:15:", "element capacity_thresholds[1] must be in (0, 1]"},
        BadCase{"bus_and_subsystems", with("[class.bus]\nshape = 1\n[[class.subsystem]]\nname = \"adcs\"\n"
                                           "shape = 1\nscale_years = 10\nk = 1\nn = 2\n"),
                "class[0].subsystem", "cfg.toml:", "alternatives"},
        BadCase{"subsystem_k_above_n", with("[[class.subsystem]]\nname = \"adcs\"\nshape = 1\n"
                                            "scale_years = 10\nk = 3\nn = 2\n"),
                "class[0].subsystem[0].k", "cfg.toml:17:", "must be an integer in [1, 2]"},
        BadCase{"nan_value", with("\n[mission]\nyears = nan\n"), "mission.years", "cfg.toml:15:", "got nan"},
        BadCase{"debris_unsorted_altitudes",
                with("\n[debris.flux]\naltitude_km = [200, 800, 550]\nge_1cm = [1e-5, 2e-5, 3e-5]\n"),
                "debris.flux.altitude_km", "cfg.toml:15:", "strictly increasing (entry 2 is not)"},
        BadCase{"debris_negative_flux",
                with("\n[debris.flux]\naltitude_km = [200, 2000]\nge_1cm = [1e-5, -1e-5]\n"),
                "debris.flux.ge_1cm", "cfg.toml:16:", "element ge_1cm[1] must be in [0, 1000], got -1e-05"},
        BadCase{"debris_empty_table", with("\n[debris.flux]\naltitude_km = []\nge_1cm = []\n"),
                "debris.flux.altitude_km", "cfg.toml:15:", "needs at least two altitudes"},
        BadCase{"debris_table_misses_shell",
                with("\n[debris.flux]\naltitude_km = [600, 2000]\nge_1cm = [1e-5, 1e-5]\n"),
                "debris.flux", "cfg.toml:14:", "does not cover shell 'a' at 550"},
        BadCase{"debris_size_order",
                with("\n[debris.flux]\naltitude_km = [200, 2000]\nge_1cm = [1e-5, 1e-5]\nge_10cm = [1e-5, 2e-5]\n"),
                "debris.flux.ge_1cm", "cfg.toml:16:", "is below ge_10cm at 2000"},
        BadCase{"debris_length_mismatch",
                with("\n[debris.derelict_lifetime]\naltitude_km = [200, 2000]\nyears = [1, 2, 3]\n"),
                "debris.derelict_lifetime.years", "cfg.toml:16:", "has 3 values for 2 altitudes"},
        BadCase{"debris_zero_lifetime",
                with("\n[debris.fragment_lifetime]\naltitude_km = [200, 2000]\nyears = [0, 2]\n"),
                "debris.fragment_lifetime.years", "cfg.toml:16:", "must be in (0, 1e+09]"},
        BadCase{"debris_forced_unknown_shell", with("\n[[debris.forced_breakup]]\nshell = \"b\"\n"),
                "debris.forced_breakup", "cfg.toml:", "no [[shell]] named 'b'"},
        BadCase{"radiation_shell_outside_dose_table",
                with("\n[[shell]]\nname = \"b\"\naltitude_km = 1500\ninclination_deg = 1\nsatellites = 3\nclass = \"sat\"\n"),
                "shell[1].altitude_km", "cfg.toml:16:", "outside the radiation dose-rate table"},
        BadCase{"radiation_unsorted_dose_table",
                with("\n[radiation.dose_rate]\naltitude_km = [400, 300, 1200]\nbelow_80deg = [1, 2, 3]\n"
                     "from_80deg = [1, 2, 3]\n"),
                "radiation.dose_rate.altitude_km", "cfg.toml:15:", "strictly increasing"},
        BadCase{"radiation_pfu_range", with("\n[radiation.spe]\nmax_pfu = 5\n"), "radiation.spe.max_pfu",
                "cfg.toml:15:", "must be above min_pfu"},
        BadCase{"radiation_negative_seu", with("\n[radiation]\nseu_per_bit_day = -1e-10\n"),
                "radiation.seu_per_bit_day", "cfg.toml:15:", "must be in [0, 1]"},
        BadCase{"radiation_shell_override_range", [] {
                  std::string t = kMinimal;
                  t.replace(t.find("satellites = 10"), 15, "satellites = 10\nspe_exposure = -2");
                  return t;
                }(),
                "shell[0].spe_exposure", "cfg.toml:12:", "must be in [0, 10]"},
        BadCase{"debris_wrong_bool", with("\n[debris]\nfragments = 1\n"), "debris.fragments", "cfg.toml:15:",
                "must be true or false, got an integer"},
        BadCase{"no_shells", R"(
[[class]]
name = "sat"
)", "shell", "cfg.toml:", "at least one [[shell]]"}),
    [](const ::testing::TestParamInfo<BadCase>& i) { return std::string(i.param.label); });

TEST(Config, MissingFileIsAnError) {
  try {
    orb::load_config("/nonexistent/dir/none.toml");
    FAIL() << "expected a ConfigError";
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent/dir/none.toml: cannot open"), std::string::npos);
  }
}

}  // namespace
